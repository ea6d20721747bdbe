/** Kite error envelopes onto the pipeline's taxonomy, and the credential variables. */
import { classifyKiteError, kiteCredentials } from '../../src/runtime/providers/kite';

describe('classifyKiteError', () => {
  it.each([
    ['an expired or invalid token is fatal', { error_type: 'TokenException', message: 'Token is invalid or has expired.' }, 'fatal', 'kite_token'],
    ['a missing permission is fatal', { error_type: 'PermissionException', message: 'Insufficient permission' }, 'fatal', 'kite_permission'],
    ['a bad request is fatal (retrying cannot fix it)', { error_type: 'InputException', message: 'Invalid instrument' }, 'fatal', 'kite_input'],
    ['a 429 is recoverable and marked rate-limited', { error_type: 'NetworkException', message: 'Too many requests' }, 'recoverable', 'kite_rate_limited'],
    ['upstream trouble (502/503) is recoverable', { error_type: 'DataException', message: 'Gateway timed out' }, 'recoverable', 'kite_data'],
    ["the client's own timeout is recoverable", { error_type: 'NetworkException', message: 'No response from server with error code: ECONNABORTED' }, 'recoverable', 'kite_network'],
    ['anything without an envelope is a recoverable GeneralException', new Error('socket hang up'), 'recoverable', 'kite_general'],
  ])('%s', (_name, err, classification, reason) => {
    const mapped = classifyKiteError(err);
    expect({ classification: mapped.classification, reason: mapped.reason }).toEqual({ classification, reason });
  });
});

describe('kiteCredentials', () => {
  it.each([
    ['the primary names are read', { KITE_API_KEY: 'k', KITE_ACCESS_TOKEN: 't' }, { apiKey: 'k', accessToken: 't', tokenVariable: 'KITE_ACCESS_TOKEN' }],
    ['the aliases stand in when the primary names are unset', { KITE_APIKEY: 'k', KITE_ACCESSTOKEN: 't' }, { apiKey: 'k', accessToken: 't', tokenVariable: 'KITE_ACCESSTOKEN' }],
    ['an empty primary counts as unset', { KITE_API_KEY: '', KITE_APIKEY: 'k', KITE_ACCESS_TOKEN: 't' }, { apiKey: 'k', accessToken: 't', tokenVariable: 'KITE_ACCESS_TOKEN' }],
  ])('%s', (_name, env, expected) => {
    expect(kiteCredentials(env)).toEqual(expected);
  });

  it('names both variables when both are missing', () => {
    expect(() => kiteCredentials({})).toThrow('--provider kite needs KITE_API_KEY (or KITE_APIKEY) and KITE_ACCESS_TOKEN (or KITE_ACCESSTOKEN) in the environment');
  });
});
