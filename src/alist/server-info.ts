// The server's identity lives in the model (sync checks storages against it); the client's modules import it from here.
export * from '../model/server-info.js';
