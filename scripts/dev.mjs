// `npm run dev`: the API (rebuilt by tsc --watch) and Vite's dev server with hot reload.
import { spawn } from 'node:child_process';

const env = { ...process.env, RAPPORT_ALLOWED_ORIGINS: 'http://127.0.0.1:5173' };
const children = [
  spawn('npx', ['tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { stdio: 'inherit', env }),
  spawn('node', ['--watch-path=dist/src', 'bin/rapport.js', 'serve', '--port', '7411'], { stdio: 'inherit', env }),
  spawn('npx', ['vite'], { stdio: 'inherit', env }),
];
console.log('Web app with hot reload: http://127.0.0.1:5173 (API on 127.0.0.1:7411)');
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
