// An outside STOMP client: @stomp/stompjs over the `ws` package, on its default heart-beats
// (10 s both ways) and their default tolerance. Driven by OutsideClientsTest; prints one JSON
// object per event on stdout.
// usage: node stompjs-client.mjs WS_URL ROOM NAME IDLE_SECONDS
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

const [url, room, name, idleSeconds] = process.argv.slice(2);
const say = (event) => console.log(JSON.stringify(event));
const destination = `/topic/room.${room}`;
let echoes = 0;
let lost = false;

const client = new Client({
  webSocketFactory: () => new WebSocket(url),
  reconnectDelay: 0, // a dropped connection must show, not be papered over
  connectHeaders: { member: name },
  onStompError: (frame) => { say({ event: 'error', refusal: frame.headers.refusal, message: frame.headers.message }); },
  onWebSocketClose: (e) => { if (!lost) { lost = true; say({ event: 'closed', code: e.code }); } },
});

client.onConnect = (connected) => {
  say({ event: 'connected', heartBeat: connected.headers['heart-beat'] });
  const receipt = `sub-${name}`;
  client.watchForReceipt(receipt, () => say({ event: 'subscribed' }));
  const subscription = client.subscribe(destination, (message) => {
    const body = message.body;
    if (body.startsWith(`pong-${name}`) || body.startsWith(`after-idle-${name}`)) {
      echoes++;
    } else if (!message.headers['relay-event']) {
      say({ event: 'received', body: body.slice(0, 40) });
      if (body === `ping-${name}`) {
        client.publish({ destination, body: `pong-${name}`, headers: { 'content-type': 'text/plain' } });
        setTimeout(afterIdle, Number(idleSeconds) * 1000);
      }
    }
  }, { receipt });

  function afterIdle() {
    if (lost) { process.exit(1); }
    client.publish({ destination, body: `after-idle-${name}`, headers: { 'content-type': 'text/plain' } });
    const unsubscribed = `unsub-${name}`;
    client.watchForReceipt(unsubscribed, async () => {
      say({ event: 'unsubscribed' });
      lost = true; // from here on a close is ours
      await client.deactivate();
      say({ event: 'done', echoes });
      process.exit(0);
    });
    subscription.unsubscribe({ receipt: unsubscribed });
  }
};

client.activate();
setTimeout(() => { say({ event: 'timeout' }); process.exit(2); }, (Number(idleSeconds) + 60) * 1000);
