import { afterAll, afterEach } from 'vitest';
import { takeOpenApiProblems } from './openapi-check.js';

/**
 * Setup file of the http and server projects: a test during which the app answered something
 * its OpenAPI document does not say (an undocumented status, a body that does not match) fails,
 * with what was wrong. Answers sent in beforeAll count against the first test; in afterAll, the file.
 */
function failOnProblems(): void {
  const problems = takeOpenApiProblems();
  if (problems.length > 0) {
    throw new Error(`${problems.length} answer(s) did not match the OpenAPI document:\n${[...new Set(problems)].slice(0, 20).join('\n')}`);
  }
}

afterEach(failOnProblems);
afterAll(failOnProblems);
