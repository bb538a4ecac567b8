#include "svg_chart.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sec::cli {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// `pounds / unit` written exactly, with as many decimals as it needs: 2500000 / 10^6 is "2.5".
std::string ExactQuotient(int64_t pounds, int64_t unit) {
  std::string out = absl::StrCat(pounds / unit);
  int64_t rest = pounds % unit;
  if (rest == 0) return out;
  out += '.';
  while (rest != 0) {
    rest *= 10;
    out += static_cast<char>('0' + rest / unit);
    rest %= unit;
  }
  return out;
}

}  // namespace

// An axis label: whole pounds (every step is), in £m or £k when that is shorter, never rounded:
// ticks every £500k read £0, £500k, £1m, £1.5m, ...
std::string AxisPounds(int64_t pence) {
  const int64_t pounds = pence / 100;
  if (pounds >= 1000000) return absl::StrCat("£", ExactQuotient(pounds, 1000000), "m");
  if (pounds >= 1000) return absl::StrCat("£", ExactQuotient(pounds, 1000), "k");
  return absl::StrCat("£", pounds);
}

namespace {

// A 1-2-5 step so there are at most ~8 gridlines up to `max`.
int64_t NiceStep(int64_t max) {
  int64_t step = 100;  // £1
  while (true) {
    for (int64_t m : {1, 2, 5}) {
      if (max / (step * m) <= 8) return step * m;
    }
    step *= 10;
  }
}

}  // namespace

std::string RenderBarChartSvg(const std::string& title, const std::vector<ChartSeries>& series,
                              const std::vector<ChartGroup>& groups,
                              const std::vector<std::string>& notes) {
  const int64_t kLeft = 90, kRight = 20, kPlotH = 400, kBottom = 140;
  const int64_t kTop = 60 + 16 * static_cast<int64_t>(notes.size());
  const int64_t kBar = 9, kGap = 14;
  const int64_t n_series = static_cast<int64_t>(series.size());
  const int64_t group_w = n_series * kBar + kGap;
  const int64_t plot_w = std::max<int64_t>(400, group_w * static_cast<int64_t>(groups.size()));
  const int64_t width = kLeft + plot_w + kRight;
  const int64_t height = kTop + kPlotH + kBottom;

  int64_t max = 0;
  for (const ChartGroup& g : groups) {
    for (int64_t v : g.values) max = std::max(max, v);
  }
  const int64_t step = NiceStep(std::max<int64_t>(max, 100));
  const int64_t top = (max / step + 1) * step;  // axis maximum, a whole number of steps
  // Bar height in pixels, in integers: v * kPlotH / top (top > 0; pence fit comfortably).
  auto px = [&](int64_t v) { return static_cast<int64_t>((__int128)v * kPlotH / top); };

  std::string svg = absl::StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", width, "\" height=\"", height,
      "\" viewBox=\"0 0 ", width, " ", height, "\" font-family=\"sans-serif\" font-size=\"11\">\n",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", "<text x=\"", kLeft, "\" y=\"24\" "
      "font-size=\"16\" font-weight=\"bold\">", Escape(title), "</text>\n");
  for (size_t i = 0; i < notes.size(); ++i) {
    absl::StrAppend(&svg, "<text x=\"", kLeft, "\" y=\"", 42 + 16 * static_cast<int64_t>(i),
                    "\" font-size=\"12\">", Escape(notes[i]), "</text>\n");
  }
  // Gridlines and y labels.
  for (int64_t v = 0; v <= top; v += step) {
    const int64_t y = kTop + kPlotH - px(v);
    absl::StrAppend(&svg, "<line x1=\"", kLeft, "\" y1=\"", y, "\" x2=\"", kLeft + plot_w,
                    "\" y2=\"", y, "\" stroke=\"#ddd\"/>\n", "<text x=\"", kLeft - 6, "\" y=\"",
                    y + 4, "\" text-anchor=\"end\">", Escape(AxisPounds(v)), "</text>\n");
  }
  // Legend.
  int64_t lx = kLeft;
  for (const ChartSeries& s : series) {
    absl::StrAppend(&svg, "<rect x=\"", lx, "\" y=\"", kTop - 24,
                    "\" width=\"12\" height=\"12\" fill=\"", Escape(s.color), "\"/>\n<text x=\"",
                    lx + 16, "\" y=\"", kTop - 14, "\">", Escape(s.name), "</text>\n");
    lx += 30 + 7 * static_cast<int64_t>(s.name.size());
  }
  // Bars and group labels (rotated so long party ids stay readable).
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    const ChartGroup& g = groups[gi];
    const int64_t gx = kLeft + static_cast<int64_t>(gi) * group_w + kGap / 2;
    for (size_t si = 0; si < series.size() && si < g.values.size(); ++si) {
      const int64_t h = px(g.values[si]);
      absl::StrAppend(&svg, "<rect x=\"", gx + static_cast<int64_t>(si) * kBar, "\" y=\"",
                      kTop + kPlotH - h, "\" width=\"", kBar - 1, "\" height=\"", h,
                      "\" fill=\"", Escape(series[si].color), "\"><title>", Escape(g.label),
                      ": ", Escape(series[si].name), "</title></rect>\n");
    }
    const int64_t lx2 = gx + n_series * kBar / 2;
    const int64_t ly = kTop + kPlotH + 10;
    if (!g.mark.empty()) {
      // A marked group (a shortfall): a red band over its bars and the mark above them.
      int64_t tallest = 0;
      for (int64_t v : g.values) tallest = std::max(tallest, px(v));
      absl::StrAppend(&svg, "<rect class=\"mark\" x=\"", gx - 2, "\" y=\"", kTop, "\" width=\"",
                      n_series * kBar + 3, "\" height=\"", kPlotH,
                      "\" fill=\"#e15759\" fill-opacity=\"0.12\"/>\n<text x=\"", lx2, "\" y=\"",
                      kTop + kPlotH - tallest - 6, "\" text-anchor=\"middle\" fill=\"#b00\" "
                      "font-weight=\"bold\">", Escape(g.mark), "</text>\n");
    }
    absl::StrAppend(&svg, "<text x=\"", lx2, "\" y=\"", ly, "\" transform=\"rotate(60 ", lx2,
                    " ", ly, ")\">", Escape(g.label), "</text>\n");
  }
  absl::StrAppend(&svg, "<line x1=\"", kLeft, "\" y1=\"", kTop + kPlotH, "\" x2=\"",
                  kLeft + plot_w, "\" y2=\"", kTop + kPlotH, "\" stroke=\"#333\"/>\n</svg>\n");
  return svg;
}

}  // namespace sec::cli
