import { describe, expect, it } from 'vitest';
import { isSecretKeyName, secretAdditionValues } from '../../src/drivers/secrets.js';

describe('a key of a driver without a module is secret by its name', () => {
  it.each(['refresh_token', 'AccessToken', 'cookie', 'qrcode_token', 'password', 'client_secret', 'api_key', 'accesstoken', 'captcha_token'])(
    '%s is secret',
    (key) => expect(isSecretKeyName(key)).toBe(true),
  );
  it.each(['oauth_token_url', 'api_url_address', 'share_id', 'root_folder_id', 'qrcode_source', 'username', 'chunk_size', 'sharekey_type'])(
    '%s is not',
    (key) => expect(isSecretKeyName(key)).toBe(false),
  );
  it('only the non-empty string values under secret keys are collected for the redactor', () => {
    expect(secretAdditionValues({ cookie: 'UID=1; CID=2', share_code: 'sw1abc', qrcode_token: '', limit_rate: 2 })).toEqual(['UID=1; CID=2']);
  });
});
