// Answers a POST with JSON. Express's res.json also hashes every body for an ETag, which only a
// conditional GET can use: for search results and answers, under load, that hash was pure cost.
import type { Response } from 'express';

export function sendPostJson(response: Response, body: unknown): void {
  response.type('json').end(JSON.stringify(body));
}
