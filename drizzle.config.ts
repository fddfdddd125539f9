import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./server/infrastructure/adapters/sqlite/schema.ts",
  out: "./resources/migrations",
});
