/** The version the server reports (GET /api/health) and `medi-test --version` prints. */
export const serverVersion = "0.1.0";
