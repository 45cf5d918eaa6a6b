// Excerpt ids are `<document-id>-<section>` (new-quality-productive-forces-5): safe in a URL path as
// they are. The first ids were `<document-id>#<section>`, and links in that form are still around.
// Imports nothing, so the widget could share it.

/**
 * The current id for an id in the old `#` form, or undefined when the id is not in that form.
 * @example idFromLegacy('new-quality-productive-forces#5') // 'new-quality-productive-forces-5'
 */
export function idFromLegacy(id: string): string | undefined {
  const match = /^(.+)#(\d+)$/u.exec(id);
  return match ? `${match[1]}-${match[2]}` : undefined;
}
