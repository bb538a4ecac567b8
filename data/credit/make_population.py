#!/usr/bin/env python3
"""Writes the illustrative credit-cover population (data/credit/*.csv) and the CreateParty and
policy steps of data/reference/30-credit.json. Deterministic: re-running gives the same files.

The parties are fictitious. Their charges, ratings, scores and Maximum Credit Values are
calibrated only so that the SEC 5.5-style rules (allowance basis VALUE_AT_RISK) require roughly
70% of total Value at Risk and the SEC 5.6 rules (SECMP0016, basis MAXIMUM_CREDIT_VALUE) roughly
30%, as the April 2017 SECAS paper reports. Integer arithmetic only, as in SPEC 4.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

RATING_UCF = {"AAA": 10000, "AA+": 10000, "AA": 10000, "AA-": 10000, "A+": 4000, "A": 4000,
              "A-": 4000, "BBB+": 2000, "BBB": 2000, "BBB-": 2000}
# Calibration knob: every MCV as a percentage of the table above.
MCV_SCALE_PCT = 94
BANDS = [(80, 100, 2000), (60, 79, 1000), (40, 59, 500)]

# id, display name, category, monthly charge (pounds), rating or "", score or None,
# MCV as a multiple (x100) of the VaR, share (x100) of the 5.6 requirement lodged.
P = [
    # Large suppliers: big invoices, investment-grade ratings.
    ("northwind-energy", "Northwind Energy plc", "LARGE_SUPPLIER", 2400000, "A", None, 220, 100),
    ("albion-power", "Albion Power and Gas Ltd", "LARGE_SUPPLIER", 2100000, "A-", None, 240, 100),
    ("severn-supply", "Severn Supply plc", "LARGE_SUPPLIER", 1800000, "BBB+", None, 380, 100),
    ("pennine-utilities", "Pennine Utilities Ltd", "LARGE_SUPPLIER", 1600000, "BBB", None, 300, 110),
    ("thames-retail-energy", "Thames Retail Energy Ltd", "LARGE_SUPPLIER", 1500000, "BBB", None, 400, 100),
    ("cambrian-energy", "Cambrian Energy plc", "LARGE_SUPPLIER", 1300000, "BBB+", None, 300, 100),
    ("caledonia-power", "Caledonia Power Ltd", "LARGE_SUPPLIER", 1200000, "BBB-", None, 360, 100),
    ("mercia-gas-power", "Mercia Gas and Power Ltd", "LARGE_SUPPLIER", 1100000, "A", None, 210, 100),
    # Small suppliers: unrated (credit scores) or sub-investment grade.
    ("brightspark-energy", "Brightspark Energy Ltd", "SMALL_SUPPLIER", 180000, "", 85, 300, 100),
    ("greenleaf-supply", "Greenleaf Supply Ltd", "SMALL_SUPPLIER", 160000, "", 72, 500, 100),
    ("kestrel-energy", "Kestrel Energy Ltd", "SMALL_SUPPLIER", 150000, "BB+", None, 100, 100),
    ("lumen-power", "Lumen Power Ltd", "SMALL_SUPPLIER", 140000, "", 64, 400, 100),
    ("oakfield-energy", "Oakfield Energy Ltd", "SMALL_SUPPLIER", 130000, "", 55, 600, 100),
    ("harbour-gas", "Harbour Gas Ltd", "SMALL_SUPPLIER", 120000, "", 38, 0, 100),
    ("peak-district-power", "Peak District Power Ltd", "SMALL_SUPPLIER", 110000, "", 81, 350, 100),
    ("riverside-energy", "Riverside Energy Ltd", "SMALL_SUPPLIER", 100000, "BB", None, 0, 100),
    ("solent-supply", "Solent Supply Ltd", "SMALL_SUPPLIER", 95000, "", 47, 700, 100),
    ("wold-energy", "Wold Energy Ltd", "SMALL_SUPPLIER", 90000, "", 90, 250, 100),
    ("fenland-power", "Fenland Power Ltd", "SMALL_SUPPLIER", 85000, "", 60, 420, 100),
    ("cotswold-energy", "Cotswold Energy Ltd", "SMALL_SUPPLIER", 80000, "BBB-", None, 300, 100),
    ("tyne-gas-electric", "Tyne Gas and Electric Ltd", "SMALL_SUPPLIER", 75000, "", 42, 500, 100),
    ("moorland-supply", "Moorland Supply Ltd", "SMALL_SUPPLIER", 70000, "", 68, 300, 60),
    ("estuary-energy", "Estuary Energy Ltd", "SMALL_SUPPLIER", 65000, "B+", None, 0, 100),
    ("heathland-power", "Heathland Power Ltd", "SMALL_SUPPLIER", 60000, "", 83, 280, 100),
    ("dales-energy", "Dales Energy Ltd", "SMALL_SUPPLIER", 55000, "", 29, 0, 50),
    ("chiltern-supply", "Chiltern Supply Ltd", "SMALL_SUPPLIER", 50000, "", 75, 500, 100),
    # Network parties: few DCC charges, strong ratings.
    ("midland-distribution", "Midland Electricity Distribution plc", "ELECTRICITY_NETWORK_PARTY", 220000, "A-", None, 250, 100),
    ("northern-wires", "Northern Wires plc", "ELECTRICITY_NETWORK_PARTY", 200000, "BBB+", None, 400, 100),
    ("southern-networks", "Southern Electricity Networks plc", "ELECTRICITY_NETWORK_PARTY", 190000, "A", None, 250, 100),
    ("eastern-power-networks", "Eastern Power Networks plc", "ELECTRICITY_NETWORK_PARTY", 180000, "AA-", None, 100, 100),
    ("western-distribution", "Western Distribution plc", "ELECTRICITY_NETWORK_PARTY", 170000, "BBB", None, 400, 100),
    ("highland-grid", "Highland Grid Distribution plc", "ELECTRICITY_NETWORK_PARTY", 160000, "A+", None, 250, 100),
    ("wessex-gas-networks", "Wessex Gas Networks plc", "GAS_NETWORK_PARTY", 150000, "BBB+", None, 380, 100),
    ("northgas-transport", "Northgas Transport plc", "GAS_NETWORK_PARTY", 140000, "A-", None, 240, 100),
    ("central-gas-distribution", "Central Gas Distribution plc", "GAS_NETWORK_PARTY", 130000, "A", None, 260, 100),
    ("coastal-gas", "Coastal Gas Networks Ltd", "GAS_NETWORK_PARTY", 120000, "BBB", None, 420, 100),
    # Other SEC Parties: meter operators, service users.
    ("metering-solutions", "Metering Solutions Ltd", "OTHER_SEC_PARTY", 60000, "", 77, 300, 100),
    ("smart-data-services", "Smart Data Services Ltd", "OTHER_SEC_PARTY", 45000, "", 58, 500, 100),
    ("energy-insight", "Energy Insight Ltd", "OTHER_SEC_PARTY", 30000, "", 36, 0, 100),
    ("homeview-analytics", "Homeview Analytics Ltd", "OTHER_SEC_PARTY", 25000, "BB-", None, 0, 100),
]


def ucf(rating, score):
    if rating:
        return RATING_UCF.get(rating, 0)
    if score is not None:
        for lo, hi, f in BANDS:
            if lo <= score <= hi:
                return f
    return 0


def rnd(a, b):  # half-up, SPEC 4
    return (a * b + 5000) // 10000


def main():
    charges = ["party,period,invoice_date,amount_pence"]
    assessments = ["party,effective_date,rating,score,mcv_pence"]
    instruments = ["party,kind,amount_pence,issuer,valid_from,valid_to"]
    tot = {"var": 0, "r55": 0, "r56": 0}
    for pid, _, _, pounds, rating, score, mcv_x100, lodged_pct in P:
        base = pounds * 100
        # Three monthly invoices; the March one (latest on 1 April 2017) is `pounds`.
        for period, day, factor in (("2017-01", "2017-01-31", 96), ("2017-02", "2017-02-28", 98),
                                    ("2017-03", "2017-03-31", 100)):
            charges.append(f"{pid},{period},{day},{base * factor // 100}")
        var = rnd(base, 14000)
        mcv = var * mcv_x100 * MCV_SCALE_PCT // 10000
        assessments.append(f"{pid},2016-10-01,{rating},{'' if score is None else score},{mcv}")
        u = ucf(rating, score)
        r55 = max(0, var - rnd(var, u))
        r56 = max(0, var - rnd(mcv, u))
        tot["var"] += var
        tot["r55"] += r55
        tot["r56"] += r56
        lodged = r56 * lodged_pct // 100
        if lodged > 0:
            kind = "CASH_DEPOSIT" if base < 10000000 else "BANK_GUARANTEE"
            issuer = "" if kind == "CASH_DEPOSIT" else "Illustrative Bank plc"
            instruments.append(f"{pid},{kind},{lodged},{issuer},2017-01-01,")
    for name, rows in (("charges", charges), ("assessments", assessments),
                       ("instruments", instruments)):
        with open(os.path.join(HERE, f"{name}.csv"), "w") as f:
            f.write("\n".join(rows) + "\n")

    default_tables = {
        "ratingFactors": [{"rating": r, "ucfBp": f} for r, f in RATING_UCF.items()],
        "scoreBands": [{"minScore": lo, "maxScore": hi, "ucfBp": f} for lo, hi, f in BANDS],
    }
    steps = []
    for pid, name, cat, *_ in P:
        steps.append({
            "comment": "Illustrative (fictitious) DCC User for the credit-cover comparison.",
            "createParty": {
                "partyId": pid,
                "party": {"displayName": name, "category": f"PARTY_CATEGORY_{cat}"},
                "requestId": f"ref-credit/party/{pid}",
            },
        })
    steps.append({
        "comment": "Assumed: the SEC 5.5-era rule modelled as an unsecured allowance on the Value "
                   "at Risk itself; effective date 2016-11-01 is assumed (the paper gives none), "
                   "chosen before SEC 5.6 so 5.5 is in force until 31 March 2017.",
        "createCreditPolicy": {
            "policyId": "sec-5-5",
            "policy": dict({"displayName": "SEC 5.5 rules", "effectiveDate": "2016-11-01",
                            "upliftBp": 4000, "allowanceBasis": "ALLOWANCE_BASIS_VALUE_AT_RISK",
                            "comment": "Illustrative factor tables (SPEC 4 defaults) until an "
                                       "operator loads the SEC's own; effective date assumed."},
                           **default_tables),
            "requestId": "ref-credit/policy/sec-5-5",
        },
    })
    steps.append({
        "comment": "SEC 5.6 implemented SECMP0016 on 1 April 2017: Maximum Credit Value and "
                   "Unsecured Credit Factor.",
        "createCreditPolicy": {
            "policyId": "sec-5-6",
            "policy": dict({"displayName": "SEC 5.6 rules (SECMP0016)",
                            "effectiveDate": "2017-04-01", "upliftBp": 4000,
                            "allowanceBasis": "ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE",
                            "comment": "Illustrative factor tables (SPEC 4 defaults) until an "
                                       "operator loads the SEC's own."},
                           **default_tables),
            "requestId": "ref-credit/policy/sec-5-6",
        },
    })
    doc = {
        "description": "Credit cover (SPEC 4): the two credit policies (SEC 5.5-style and SEC 5.6 "
                       "/ SECMP0016) and the 40 fictitious, illustrative DCC Users whose charges, "
                       "assessments and credit support are in data/credit/*.csv (load those with "
                       "`secctl credit import --dir data/credit`). Generated by "
                       "data/credit/make_population.py.",
        "steps": steps,
    }
    with open(os.path.join(ROOT, "data", "reference", "30-credit.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"parties {len(P)}  VaR {tot['var']}  "
          f"5.5 share {tot['r55'] * 10000 // tot['var']} bp  "
          f"5.6 share {tot['r56'] * 10000 // tot['var']} bp")


if __name__ == "__main__":
    main()
