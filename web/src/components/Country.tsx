const regions = new Intl.DisplayNames(undefined, { type: 'region' });

/** An ISO 3166 code with its name: "VE" → "Venezuela". */
export function Country({ code }: { code: string }) {
  let name: string | undefined;
  try {
    name = regions.of(code);
  } catch {
    name = undefined;
  }
  return (
    <span title={code}>
      {name && name !== code ? name : code} <span className="muted">({code})</span>
    </span>
  );
}
