export * from './templates.js';
export * from './outreach-hints.js';
export * from './mailto.js';
