import { z } from "zod";

/** Zod's built-in messages in French: anything a schema does not word itself reads in French. */
z.config(z.locales.fr());
