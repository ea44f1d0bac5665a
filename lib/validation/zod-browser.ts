/* zod in the browser under the panel's Content-Security-Policy (no 'unsafe-eval'): zod's JIT would probe
 * `new Function` on the first object parse, which the browser reports as a CSP violation. Imported for its
 * effect by components/providers.tsx, before any form validates. */
import { z } from "zod";

z.config({ jitless: true });
