/** The JSON envelope every API reply carries inside HTTP 200 (alist-api.md §1). */
export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

export const success = (data: unknown = null): Envelope => ({ code: 200, message: 'success', data });
export const failure = (code: number, message: string, data: unknown = null): Envelope => ({ code, message, data });

export const LOADING_MESSAGE = 'Loading storage, please wait';

/** Handlers return either a value or the error reply; no storage row or body has a `code` key. */
export function isEnvelope(x: object): x is Envelope {
  return 'code' in x && 'message' in x && 'data' in x;
}
