// The yardstick: a bare Node HTTP server answering the same 302 the redirect does
// (a location with a fresh click id), with nothing else to do.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const destination = 'https://shop.example.com/spring?utm_source=streetteam&utm_medium=referral&st_click=';
createServer((req, res) => {
  res.writeHead(302, { location: `${destination}${randomUUID()}`, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}).listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
