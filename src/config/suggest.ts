// "did you mean" lives in the model (sync uses it for the server's driver schema too); the config rules import it from here.
export * from '../model/suggest.js';
