// Contender (c) of the end-to-end benchmark: the Unipile Node SDK (unipile-node-sdk on npm)
// listing every account of the mock server, page by page, following the cursors.
//
//   node list_accounts.js --base-url http://127.0.0.1:PORT [--api-key KEY] [--limit N]
//                         [--expect N]
//
// The SDK builds `{protocol}://{domain}/api/v1/accounts?limit=N&cursor=C` from the base URL
// "http://127.0.0.1:PORT" (it adds the "/api/v1" itself), sends X-API-KEY, and parses the body
// with the global fetch's response.json(). Response validation stays at the SDK's default (off).
//
// One request of a single account is made before the measurement, so that the lazily loaded
// HTTP stack (undici) and the keep-alive connection are ready, as in a service that has been up
// for a while; then the whole listing is measured: wall time (performance.now()) and this
// process's CPU time (process.cpuUsage(), user + system, all threads). Prints one line in the
// format of e2e_client_bench:
//   mode=node accounts=... pages=... wall_ms=... cpu_ms=... user_ms=... sys_ms=...
//   maxrss_kb=... checksum=89abcdef verify=skipped
// where checksum is a 32-bit FNV-1a of the account ids in listing order, each followed by '\n'.
'use strict';

const { UnipileClient } = require('unipile-node-sdk');

const MAX_PAGES = 1000000; // a bound on any listing

function usage(why) {
  process.stderr.write(
    `list_accounts.js: ${why}\n` +
      'usage: node list_accounts.js --base-url http://127.0.0.1:PORT [--api-key KEY] ' +
      '[--limit N] [--expect N]\n',
  );
  process.exit(1);
}

function parseArgs(argv) {
  const args = { baseUrl: '', apiKey: 'bench-key', limit: 250, expect: undefined };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => {
      if (i + 1 >= argv.length) usage('an option lacks its value');
      return argv[++i];
    };
    const integer = (text, name) => {
      if (!/^[0-9]+$/.test(text)) usage(`${name} takes a number`);
      return Number(text);
    };
    switch (argv[i]) {
      case '--base-url':
        args.baseUrl = value();
        break;
      case '--api-key':
        args.apiKey = value();
        break;
      case '--limit':
        args.limit = integer(value(), '--limit');
        if (args.limit < 1 || args.limit > 250) usage('--limit must be 1..250');
        break;
      case '--expect':
        args.expect = integer(value(), '--expect');
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  if (!args.baseUrl) usage('--base-url is required');
  return args;
}

// FNV-1a over the UTF-8 bytes of the id, then '\n'.
function addToChecksum(h, id) {
  for (let i = 0; i < id.length; ++i) {
    const c = id.charCodeAt(i);
    if (c >= 0x80) {
      for (const b of Buffer.from(id.slice(i), 'utf8')) h = Math.imul(h ^ b, 16777619) >>> 0;
      break;
    }
    h = Math.imul(h ^ c, 16777619) >>> 0;
  }
  return Math.imul(h ^ 0x0a, 16777619) >>> 0;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const client = new UnipileClient(args.baseUrl, args.apiKey);

  // Warm-up, not measured: loads the HTTP stack and opens the keep-alive connection.
  await client.account.getAll({ limit: 1 });

  let accounts = 0;
  let pages = 0;
  let checksum = 2166136261;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let cursor;
  for (;;) {
    if (pages >= MAX_PAGES) throw new Error('more pages than the benchmark allows');
    const page = await client.account.getAll(
      cursor === undefined ? { limit: args.limit } : { limit: args.limit, cursor },
    );
    ++pages;
    for (const account of page.items) {
      checksum = addToChecksum(checksum, account.id);
      ++accounts;
    }
    if (page.cursor === null || page.cursor === undefined) break;
    cursor = page.cursor;
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const userMs = cpu.user / 1000;
  const sysMs = cpu.system / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(
    `mode=node accounts=${accounts} pages=${pages} wall_ms=${wallMs.toFixed(3)} ` +
      `cpu_ms=${(userMs + sysMs).toFixed(3)} user_ms=${userMs.toFixed(3)} ` +
      `sys_ms=${sysMs.toFixed(3)} maxrss_kb=${maxRssKb} ` +
      `checksum=${checksum.toString(16).padStart(8, '0')} verify=skipped\n`,
  );
  if (args.expect !== undefined && args.expect !== accounts) {
    process.stderr.write(`list_accounts.js: listed ${accounts} accounts, expected ${args.expect}\n`);
    process.exit(3);
  }
}

main().catch((e) => {
  process.stderr.write(`list_accounts.js: listing failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
