/** A node as lists name it: its name in words, the id beside it as secondary text ("Welcome email · email-1"). */
export function NodeName({ name, id }: { name?: string; id: string }) {
  if (!name || name === id) return <span className="node-name">{id}</span>;
  return (
    <span className="node-name">
      <strong>{name}</strong> <span className="muted">· {id}</span>
    </span>
  );
}
