// The README's and docs' screenshots: starts the built server on a fresh, synthetic workspace
// (made-up people, on a fixed clock), captures the key pages with Debian's Chromium (the browser
// journeys' own) at desktop (1280 px) and phone (390 px) width into docs/screenshots/, and
// shrinks each PNG with pngquant when it is installed (apt-get install pngquant).
// Usage: npm run build && node scripts/screenshots.mjs
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
const NOW = '2026-03-03T14:00:00.000Z';
const at = (days, hour = 15) => new Date(Date.parse(NOW) + days * 86_400_000 + (hour - 14) * 3_600_000).toISOString();

if (!fs.existsSync(path.join(root, 'dist', 'web', 'index.html'))) {
  console.error('The app is not built: run `npm run build` first.');
  process.exit(1);
}

/** `rapport serve --port 0` on a temporary data directory, on the fixed clock. */
function serve(dataDir) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'rapport.js'), 'serve', '--port', '0'], {
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_CLOCK_START: NOW, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

/** A synthetic job search, three weeks in: every name here is made up. */
async function seed(url) {
  const call = async (method, p, body) => {
    const response = await fetch(`${url}/api${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  await call('PUT', '/profile', {
    name: 'Jordan Avery',
    email: 'jordan.avery@example.com',
    headline: 'Robotics engineer: warehouse automation, from prototype to fleet',
    pitchShort: 'I build the controls software that lets warehouse robots work safely beside people, and I want to lead a small platform team doing it.',
    skills: ['Motion planning', 'ROS 2', 'C++', 'Python', 'Safety cases', 'Fleet telemetry'],
    idealPosition: { roles: ['Robotics Engineer', 'Automation Lead'], responsibilities: ['Own the motion stack', 'Mentor two to four engineers'], level: 'Senior', location: 'Denver', remote: 'hybrid' },
    targetDefinition: { industries: ['Robotics', 'Logistics'], sizes: ['50–500'], positions: ['Robotics Engineer'], geographies: ['Denver', 'Remote'] },
  });
  const person = (givenName, familyName, organizationName, title, extra = {}) => call('POST', '/contacts', { givenName, familyName, organizationName, title, ...extra });
  const maria = await person('Maria', 'Okafor', 'Acme Robotics', 'Director of Engineering', { notes: 'Met at the ROS meetup. Sails on weekends; ask about the regatta.', tags: ['adviser'] });
  const stan = await person('Stan', 'Fields', 'Globex', 'Engineering Manager', { tags: ['hiring manager'] });
  const lena = await person('Lena', 'Tanaka', 'Initech', 'Staff Engineer');
  const omar = await person('Omar', 'Haddad', 'Umbrella Logistics', 'VP Operations');
  const priya = await person('Priya', 'Raman', 'Hooli', 'Recruiter');
  const people = [];
  const more = [['Ben', 'Costa', 'Cyberdyne', 'Controls Engineer'], ['Cara', 'Novak', 'Wayne Tech', 'Product Manager'], ['Dev', 'Patel', 'Stark Industries', 'Principal Engineer'], ['Eli', 'Moreau', 'Aperture', 'Engineer'], ['Fay', 'Berg', 'Tyrell', 'CTO'], ['Gus', 'Silva', 'Massive Dynamic', 'Engineer'], ['Hana', 'Kowalski', 'Pied Piper', 'Engineering Manager'], ['Ian', 'Reyes', 'Acme Robotics', 'Robotics Engineer'], ['Jo', 'Nguyen', 'Globex', 'Recruiter'], ['Kai', 'Stone', 'Monarch', 'Founder'], ['Lea', 'Ivanova', 'Soylent', 'Engineer'], ['Max', 'Hopper', 'Vandelay', 'Engineer']];
  for (const [g, f, o, t] of more) people.push(await person(g, f, o, t));
  for (const [i, name] of ['Acme Robotics', 'Globex', 'Initech', 'Umbrella Logistics', 'Cyberdyne', 'Monarch'].entries()) {
    await call('POST', '/targets', { organizationName: name, motivation: 3 - (i % 3), posting: 1 + (i % 3) }).catch(() => undefined);
  }
  // Past conversations, with what came of them: names offered, companies suggested, advice.
  await call('POST', '/conversations', {
    kind: 'networking-interview', startsAt: at(-6), title: 'Coffee with Maria', participants: [{ contactId: maria.id }],
    notes: 'Maria walked me through how Acme hires: the platform team grows in April. Send her the portfolio.',
    outcomes: { namesOffered: [{ newContact: { givenName: 'Ada', familyName: 'Byron', organizationName: 'Globex', title: 'Head of Platform' }, offeredById: maria.id }], companiesSuggested: [{ organizationName: 'Wayne Tech', suggestedById: maria.id }], advice: [{ kind: 'book', title: 'The 2-Hour Job Search', givenById: maria.id }] },
  });
  await call('POST', '/conversations', { kind: 'informational-interview', startsAt: at(-2), participants: [{ contactId: lena.id }], notes: 'Initech is moving its pickers to a new fleet manager.' });
  await call('POST', '/conversations', { kind: 'call', startsAt: at(-12), participants: [{ contactId: omar.id }], direction: 'outbound' });
  await call('POST', '/conversations', { kind: 'email', startsAt: at(-5), participants: [{ contactId: priya.id }], direction: 'outbound', awaitingReply: true, title: 'Following up on the platform role' });
  for (const [i, p] of people.slice(0, 6).entries()) await call('POST', '/conversations', { kind: i % 2 ? 'call' : 'networking-meeting', startsAt: at(-40 - i * 9), participants: [{ contactId: p.id }] });
  // Tomorrow's networking interview: Today says to prepare, and meeting mode is ready.
  const tomorrow = await call('POST', '/conversations', { kind: 'networking-interview', status: 'scheduled', startsAt: at(1, 16), participants: [{ contactId: stan.id }], title: 'Networking interview with Stan' });
  // Opportunities on the board.
  const job = await call('POST', '/opportunities', { organizationName: 'Globex', title: 'Robotics Engineer', stage: 'interviewing', referrerContactId: maria.id, competingCandidates: 3 });
  await call('POST', `/opportunities/${job.id}/rounds/log`, { startsAt: at(-3), participants: [{ contactId: stan.id, role: 'interviewer' }], interviewRound: 1 });
  for (const [organizationName, title, stage] of [['Acme Robotics', 'Automation Lead', 'applied'], ['Initech', 'Controls Engineer', 'screening'], ['Umbrella Logistics', 'Platform Engineer', 'lead'], ['Cyberdyne', 'Robotics Engineer', 'lead'], ['Hooli', 'Product Engineer', 'rejected']]) {
    await call('POST', '/opportunities', { organizationName, title, stage });
  }
  return { maria: maria.id, tomorrow: tomorrow.id };
}

const PAGES = [
  { name: 'today', path: () => '/', ready: { role: 'heading', name: 'Today' }, rows: '[data-action-row]' },
  { name: 'contact', path: (ids) => `/contacts/${ids.maria}`, ready: { role: 'heading', name: 'Maria Okafor' } },
  { name: 'opportunities', path: () => '/opportunities', ready: { role: 'heading', name: 'Opportunities' } },
  { name: 'meeting', path: (ids) => `/conversations/${ids.tomorrow}/meeting`, ready: { role: 'heading', name: 'Meeting with Stan Fields' } },
  { name: 'insights', path: () => '/insights', ready: { role: 'heading', name: 'Insights' } },
  { name: 'palette', path: () => '/', ready: { role: 'heading', name: 'Today' }, palette: 'mria' },
];
const WIDTHS = [
  { suffix: 'desktop', viewport: { width: 1280, height: 800 } },
  { suffix: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-screenshots-'));
const server = await serve(dataDir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
let written = 0;
try {
  const ids = await seed(server.url);
  fs.mkdirSync(out, { recursive: true });
  const pngquant = spawnSync('pngquant', ['--version']).status === 0;
  if (!pngquant) console.warn('pngquant is not installed: the PNGs are kept as Chromium wrote them (larger)');
  for (const width of WIDTHS) {
    const { suffix, ...options } = width;
    const context = await browser.newContext({ ...options, colorScheme: 'light', reducedMotion: 'reduce' });
    await context.clock.install({ time: new Date(NOW) });
    const page = await context.newPage();
    for (const shot of PAGES) {
      await page.goto(`${server.url}${shot.path(ids)}`);
      await page.getByRole(shot.ready.role, { name: shot.ready.name, exact: true }).first().waitFor();
      if (shot.rows) await page.locator(shot.rows).first().waitFor();
      await page.waitForLoadState('networkidle');
      if (shot.palette) {
        await page.keyboard.press('Control+k');
        const box = page.getByRole('combobox', { name: 'Search or type a command' });
        await box.waitFor();
        await page.keyboard.type(shot.palette);
        await page.getByRole('status').filter({ hasText: 'found' }).waitFor();
      }
      // Let charts and fonts settle.
      await page.waitForTimeout(600);
      const file = path.join(out, `${shot.name}-${suffix}.png`);
      await page.screenshot({ path: file });
      if (pngquant) spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality=60-85', '--strip', '--output', file, file]);
      if (shot.palette) await page.keyboard.press('Escape');
      written += 1;
      console.log(`${path.relative(root, file)} ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${written} screenshots in ${path.relative(root, out)}`);
