// The floor a cold apply is measured against: a bare node:http keep-alive client, as a whole
// process, that signs in and sends the same creates with `concurrency` requests in flight.
// Usage: node bench/bare-client.mjs <url> <password> <count> <concurrency>
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';

const [url, password, countText, concurrencyText] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const base = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function call(method, path, body, token) {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) };
    const req = request({ host: base.hostname, port: base.port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(text);
  });
}

const hash = createHash('sha256').update(`${password}-https://github.com/alist-org/alist`).digest('hex');
const login = await call('POST', '/api/auth/login/hash', { username: 'admin', password: hash, otp_code: '' });
const token = login.data.token;
let next = 0;
async function lane() {
  while (next < count) {
    const i = next++;
    const addition = JSON.stringify({
      root_folder_path: '/',
      region: 'global',
      client_id: 'c',
      client_secret: 's',
      tenant_id: 't',
      email: `u${i}@x.onmicrosoft.com`,
      chunk_size: 5,
      custom_host: '',
    });
    const reply = await call(
      'POST',
      '/api/admin/storage/create',
      { mount_path: `/Bare/m${i}`, driver: 'OnedriveAPP', cache_expiration: 30, webdav_policy: '302_redirect', addition, remark: '' },
      token,
    );
    if (reply.code !== 200) throw new Error(`create failed: ${reply.message}`);
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
agent.destroy();
