/** `@username` mentions in a comment body (pure): each name once, in order of appearance. */
export function parseMentions(body: string): string[] {
  const found: string[] = [];
  for (const match of body.matchAll(/(?:^|[^A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9]|[A-Za-z0-9])/g)) {
    if (!found.includes(match[1])) found.push(match[1]);
  }
  return found;
}
