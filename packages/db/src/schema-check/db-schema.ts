/** A database schema reduced to what the Prisma schema constrains, for comparison. */
export interface DbColumn {
  type: string;
  nullable: boolean;
}
export interface DbIndex {
  columns: string[];
  unique: boolean;
}
export interface DbForeignKey {
  columns: string[];
  references: string;
  referencedColumns: string[];
}
export interface DbTable {
  columns: Record<string, DbColumn>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: Record<string, DbIndex>;
  foreignKeys: Record<string, DbForeignKey>;
}
export interface DbSchema {
  tables: Record<string, DbTable>;
  enums: Record<string, string[]>;
}
