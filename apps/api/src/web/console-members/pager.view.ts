/** Previous/next links of a paged list, keeping its filters (`query`). */
export function pagerView(
  path: string,
  query: URLSearchParams,
  page: number,
  pageSize: number,
  total: number,
) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number): string => {
    const q = new URLSearchParams(query);
    if (n > 1) q.set('page', String(n));
    const text = q.toString();
    return text ? `${path}?${text}` : path;
  };
  return {
    label: `page ${Math.min(page, pages)} of ${pages}`,
    hasPrevious: page > 1,
    previousHref: href(page - 1),
    hasNext: page < pages,
    nextHref: href(page + 1),
  };
}
