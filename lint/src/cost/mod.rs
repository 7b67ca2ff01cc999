//! Cost and latency estimation (prices, tokens, latency, multipliers).
