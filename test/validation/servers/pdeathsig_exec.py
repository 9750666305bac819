#!/usr/bin/python3
"""Runs a command (HAProxy) that dies with its parent: PR_SET_PDEATHSIG survives exec."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import die_with_parent  # noqa: E402

die_with_parent()
os.execvp(sys.argv[1], sys.argv[1:])
