// Types for the undici module client-pool.ts imports by path (it says why): its
// `module.exports` is the class the package index exports as Client.
declare module 'undici/lib/dispatcher/client.js' {
  import { Client } from 'undici';
  export default Client;
}
