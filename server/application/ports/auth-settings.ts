import { Context } from "effect";

/** Auth policy fixed at start-up. */
export class AuthSettings extends Context.Service<
  AuthSettings,
  {
    /** SHA-256 of MEDI_TEST_ADMIN_TOKEN when set (it is then accepted in addition to stored tokens). */
    readonly adminTokenHash: string | undefined;
    readonly requireReadToken: boolean;
  }
>()("medi-test/AuthSettings") {}
