/**
 * seedrandom's Alea on its own (`seedrandom/lib/alea.js`, the module `seedrandom.alea` is): the
 * package's index also evaluates five other generators and the ARC4 one with its crypto seeding,
 * ~6 ms of every command's start that nmsim never uses. @types/seedrandom types the index only;
 * this is its `alea` member's type.
 */
declare module 'seedrandom/lib/alea.js' {
  import type seedrandom from 'seedrandom';
  const alea: (typeof seedrandom)['alea'];
  export default alea;
}
