// What a sheet-fed scanner does to a page: the sheet lies slightly skewed and shifted on a
// lighter background, paper is gray and unevenly lit, the sensor adds noise and streaks, dust
// leaves specks, optics soften edges. These functions turn an alpha "ink" raster into that scan.
#pragma once

#include <cairo.h>

#include <cstdint>

#include "gray_raster.h"
#include "prng.h"

namespace korrigo::scangen {

struct ScanLook {
  int paper = 243;          // gray of the paper (235–250)
  int lid = 251;            // gray of the scanner background around a skewed sheet
  double skew_radians = 0;  // rotation of the sheet about the image centre
  double shift_x = 0;       // displacement of the sheet, in pixels
  double shift_y = 0;
  double gradient_x = 0;  // brightness change across the sheet, in gray levels
  double gradient_y = 0;
  double noise_sigma = 0;  // standard deviation of the sensor noise, in gray levels
  int blur_radius = 0;     // box blur radius in pixels (0: none)
  int streaks = 0;         // faint vertical lines from dust on the scanner glass
  int specks = 0;          // dust specks on the sheet
};

// Draws a look for one physical page: `skew_degrees`, `noise` and `blur` are the batch options
// (maxima and 0–1 strengths), `dpi` scales pixel distances.
ScanLook DrawScanLook(Prng& random, double skew_degrees, double noise, double blur, int dpi);

// Sets the transform of `cr` (device space: pixels) so that drawing in points on an upright
// page of `width_pt` lands where `look` puts the skewed, shifted sheet.
void ApplySheetTransform(cairo_t* cr, const ScanLook& look, int width_px, int height_px,
                         double width_pt, double height_pt);

// Draws `look.specks` dust specks in device space (call with the identity transform).
void DrawDust(cairo_t* cr, const ScanLook& look, int width_px, int height_px, Prng& random);

// The scan of `ink` (an A8 raster: 0 = no ink, 255 = full ink, rows `stride` bytes apart): paper,
// lighting, sheet edges and background, then blur and noise as `look` says.
GrayRaster ComposeScan(const uint8_t* ink, int stride, int width, int height, const ScanLook& look,
                       Prng& random);

// Turns the raster by 180° in place.
void Rotate180(GrayRaster* raster);

}  // namespace korrigo::scangen
