#ifndef SEC_CLIENT_SVG_CHART_H_
#define SEC_CLIENT_SVG_CHART_H_

// A plain SVG grouped bar chart written by secctl, with no plotting dependency. Values are
// integer pence; every coordinate is computed in integers so money never meets floating point.

#include <cstdint>
#include <string>
#include <vector>

namespace sec::cli {

struct ChartSeries {
  std::string name;   // legend text, e.g. "Value at Risk"
  std::string color;  // CSS colour, e.g. "#4e79a7"
};

struct ChartGroup {
  std::string label;            // e.g. a party id
  std::vector<int64_t> values;  // one per series, pence, >= 0
  std::string mark;             // when not empty, the group is highlighted with this text
};

// An axis label for a whole number of pounds (in pence), exact: "£2.5m", "£500k", "£40".
std::string AxisPounds(int64_t pence);

// One group of bars per entry of `groups` (one bar per series), a y axis in pounds with round
// gridlines (1-2-5 steps, labelled exactly), a legend, a title and a line per note under it.
// Marked groups are highlighted. Labels are XML-escaped.
std::string RenderBarChartSvg(const std::string& title, const std::vector<ChartSeries>& series,
                              const std::vector<ChartGroup>& groups,
                              const std::vector<std::string>& notes = {});

}  // namespace sec::cli

#endif  // SEC_CLIENT_SVG_CHART_H_
