export async function query(sql: string): Promise<{ id: number }> {
  return { id: sql.length };
}
