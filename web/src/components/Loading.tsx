export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}
