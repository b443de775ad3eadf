// The QR code printed in the top-right corner of every logical page when a batch uses --qr,
// encoding "KORRIGO:<seed>:<student index>:<page number>" with libqrencode.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>

namespace korrigo::scangen {

// "KORRIGO:<seed>:<student>:<page>".
std::string QrPayload(uint64_t seed, int student, int page);

// Draws the QR code of `payload` (error correction M) as a `size` × `size` square whose top-left
// corner is (x, y) in the user space of `cr`, modules fully opaque. The caller keeps the quiet
// zone around it clear. Returns false when libqrencode cannot encode the payload.
bool DrawQrMark(cairo_t* cr, const std::string& payload, double x, double y, double size);

}  // namespace korrigo::scangen
