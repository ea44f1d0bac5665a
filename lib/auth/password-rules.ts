/* The one rule for every password a person chooses (setup, new users, password change): 10 to 1024
 * characters. Browser-safe (zod only), so forms and the server check the same thing. */
import { z } from "zod";

export const ZPassword = z.string().min(10, "Use at least 10 characters").max(1024, "Use at most 1024 characters");
