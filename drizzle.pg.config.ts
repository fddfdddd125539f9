import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./server/infrastructure/adapters/postgres/schema.ts",
  out: "./resources/migrations-pg",
});
