/* The engine functions the job runners use, in one place (all from lib/engine's public surface). */
export * from "@/lib/engine";
