// bench/send_nodemailer.js - the nodemailer side of bench/send: the same
// personalised newsletter (greeting name, unsubscribe URL with an
// HMAC-SHA256 token, VERP envelope sender, list headers, text + HTML) to
// every subscriber of LIST over a pool of CONNECTIONS connections
// (pool: true, maxMessages 100 like techzine's --per-connection default).
//
// usage: node bench/send_nodemailer.js PORT CONNECTIONS LIST.csv SAMPLE.json
// SAMPLE.json (written by bench/send from techzine's --dry-run message):
// subject, from, text, html, and the first subscriber's name, email and
// token, which are replaced per subscriber.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const nodemailer = require(path.join(__dirname, 'node_modules', 'nodemailer'));

const [port, conns, listPath, samplePath] = process.argv.slice(2);
const sample = JSON.parse(fs.readFileSync(samplePath, 'utf8'));
const secret = process.env.TECHZINE_TOKEN_SECRET;
const rows = fs.readFileSync(listPath, 'utf8').split('\n').slice(1).filter(Boolean)
  .map((l) => l.split(','));

const transport = nodemailer.createTransport({
  pool: true, host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true,
  maxConnections: Number(conns), maxMessages: 100,
});

const token = (email) => crypto.createHmac('sha256', secret).update(email).digest('base64url');
const swap = (s, a, b) => s.split(a).join(b);
const personal = (s, r, tok) => swap(swap(swap(s, sample.name, r[1]),
  encodeURIComponent(sample.email), encodeURIComponent(r[0])), sample.token, tok);

let next = 0, done = 0, failed = 0;
const window = 8 * Number(conns);
function pump() {
  while (next < rows.length && next - done < window) {
    const r = rows[next++];
    const tok = token(r[0]);
    const unsub = `https://dutchtechzone.example/u/?e=${encodeURIComponent(r[0])}&t=${tok}`;
    transport.sendMail({
      from: sample.from,
      to: { name: r[1], address: r[0] },
      subject: sample.subject,
      text: personal(sample.text, r, tok),
      html: personal(sample.html, r, tok),
      list: { id: 'techzine.dutchtechzone.example', unsubscribe: [unsub, 'mailto:afmelden@dutchtechzone.example?subject=unsubscribe-' + tok] },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', Precedence: 'bulk' },
      envelope: { from: `bounce+${tok}@bounces.dutchtechzone.example`, to: r[0] },
    }, (err) => {
      done++;
      if (err) failed++;
      if (done === rows.length) {
        transport.close();
        if (failed) console.error(`nodemailer: ${failed} failed`);
        process.exitCode = failed ? 1 : 0;
      } else {
        pump();
      }
    });
  }
}
pump();
