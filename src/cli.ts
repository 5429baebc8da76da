// CLI entry: filled in by the training engine.
export {};
