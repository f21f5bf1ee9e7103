// Types for the undici module dispatcher.ts imports by path (it says why): its
// `module.exports` is the class the package index exports as Pool.
declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici';
  export default Pool;
}
