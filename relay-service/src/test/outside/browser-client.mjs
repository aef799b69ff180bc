// An outside client in a real browser: Debian's headless Chromium, driven by puppeteer-core,
// opening a page that speaks STOMP with @stomp/stompjs's browser bundle. The page is served from
// http://127.0.0.1:PORT (an allowed origin in OutsideClientsTest) and from http://localhost:PORT
// (not allowed: the relay refuses it, and the test checks the operator can see why).
// usage: node browser-client.mjs WS_URL ROOM NAME
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const [relay, room, name] = process.argv.slice(2);
const say = (event) => console.log(JSON.stringify(event));
const here = path.dirname(fileURLToPath(import.meta.url));
const bundle = fs.readFileSync(path.join(here, 'node_modules/@stomp/stompjs/bundles/stomp.umd.min.js'));

const page = `<!doctype html><meta charset="utf-8"><title>relay</title>
<script src="/stomp.js"></script>
<script>
  const relay = ${JSON.stringify(relay)}, name = ${JSON.stringify(name)}, dest = '/topic/room.' + ${JSON.stringify(room)};
  function start() {
    const client = new StompJs.Client({ brokerURL: relay, connectHeaders: { member: name }, reconnectDelay: 0 });
    client.onConnect = () => {
      window.report({ event: 'connected', origin: location.origin });
      client.watchForReceipt('sub', () => window.report({ event: 'subscribed' }));
      client.subscribe(dest, (m) => {
        if (m.body.startsWith('burst-')) {
          window.report({ event: 'received', body: m.body.slice(0, 40) });
        }
        if (m.body === 'ping-' + name) {
          window.report({ event: 'received', body: m.body });
          client.publish({ destination: dest, body: 'pong-' + name, headers: { 'content-type': 'text/plain' } });
          setTimeout(async () => { await client.deactivate(); window.report({ event: 'done' }); }, 1000);
        }
      }, { receipt: 'sub' });
    };
    client.onStompError = (f) => window.report({ event: 'error', refusal: f.headers.refusal });
    client.onWebSocketClose = (e) => window.report({ event: 'closed', code: e.code, origin: location.origin });
    client.activate();
  }
</script>`;

const server = http.createServer((req, res) => {
  if (req.url === '/stomp.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(bundle);
  } else {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let finished = 0;
async function open(origin) {
  const tab = await browser.newPage();
  await tab.exposeFunction('report', async (event) => {
    say(event);
    if (event.event === 'done' || (event.event === 'closed' && !origin.includes('127.0.0.1'))) {
      if (++finished === 2) { await browser.close(); server.close(); process.exit(0); }
    }
  });
  await tab.goto(`${origin}:${port}/`);
  await tab.evaluate(() => start());
}
await open('http://127.0.0.1');
await open('http://localhost');
setTimeout(async () => { say({ event: 'timeout' }); await browser.close(); process.exit(2); }, 60_000);
