// Finds the bytes that structure CSV text — quotes, the delimiter, LF and CR — 64 at a time, as
// bit masks (bit i for byte i), with SSE2 on x86-64 and a portable loop elsewhere. Used by the
// Swift CSV tokenizer's fast path (Sources/Profiles/Ingest/_CSVTokenizer+Masks.swift).
#ifndef CCSVSCAN_H
#define CCSVSCAN_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The positions of the structural bytes among 64 bytes.
typedef struct {
    uint64_t quote;
    uint64_t delimiter;
    uint64_t lineFeed;
    uint64_t carriageReturn;
} ccsvscan_masks;

/// Scans the 64 bytes at `bytes` (all readable).
static inline ccsvscan_masks ccsvscan_scan64(const uint8_t *bytes, uint8_t delimiter) {
    ccsvscan_masks masks = {0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i delim = _mm_set1_epi8((char)delimiter);
    const __m128i lineFeed = _mm_set1_epi8('\n');
    const __m128i carriageReturn = _mm_set1_epi8('\r');
    for (int part = 0; part < 4; part++) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        int shift = 16 * part;
        masks.quote |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, quote)) << shift;
        masks.delimiter |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, delim)) << shift;
        masks.lineFeed |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, lineFeed)) << shift;
        masks.carriageReturn |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, carriageReturn)) << shift;
    }
#else
    for (int i = 0; i < 64; i++) {
        uint8_t byte = bytes[i];
        uint64_t bit = (uint64_t)1 << i;
        if (byte == '"') masks.quote |= bit;
        if (byte == delimiter) masks.delimiter |= bit;
        if (byte == '\n') masks.lineFeed |= bit;
        if (byte == '\r') masks.carriageReturn |= bit;
    }
#endif
    return masks;
}

/// The prefix XOR of `mask`: bit i is the XOR of bits 0…i (carry-less multiplication by all ones).
static inline uint64_t ccsvscan_prefix_xor(uint64_t mask) {
    mask ^= mask << 1;
    mask ^= mask << 2;
    mask ^= mask << 4;
    mask ^= mask << 8;
    mask ^= mask << 16;
    mask ^= mask << 32;
    return mask;
}

#endif
