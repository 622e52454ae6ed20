"""A small OpenFisca country package with the benchmark rule set (bench/run.sh).

Bayannur: startup-hiring-subsidy, startup-sustained-subsidy, internship-subsidy,
internship-subsidy-retention. Chengyang: hiring-social-insurance-subsidy. One
person entity, `case`: one CSV row. Amounts are integer fen (exact), with an
eligibility variable beside each, as the peers' outputs are compared as exact
decimal strings. The as-of date is the start of the simulated month.
"""
import os

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Case = build_entity(key="case", plural="cases", label="One batch row", is_person=True)


class Region(Enum):
    other = "other"
    bayannur = "bayannur"
    qingdao_chengyang = "qingdao-chengyang"


class Role(Enum):
    other = "other"
    startup = "startup"
    employer = "employer"


class EmployerType(Enum):
    other = "other"
    private_enterprise = "private_enterprise"
    state_owned_enterprise = "state_owned_enterprise"
    public_institution = "public_institution"
    social_organisation = "social_organisation"
    individual_business = "individual_business"


class EnterpriseSize(Enum):
    other = "other"
    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


def _input(name, value_type, possible_values=None):
    attrs = dict(value_type=value_type, entity=Case, definition_period=MONTH, label=name)
    if possible_values is not None:
        attrs.update(possible_values=possible_values, default_value=possible_values.other)
    return type(name, (Variable,), attrs)


INPUTS = [
    _input("region", Enum, Region),
    _input("role", Enum, Role),
    _input("insured_employees", int),
    _input("insured_months", int),
    _input("years_operating", int),
    _input("headcount_not_decreased", bool),
    _input("interns", int),
    _input("interns_retained", int),
    _input("employer_type", Enum, EmployerType),
    _input("enterprise_size", Enum, EnterpriseSize),
    _input("hire_employment_difficulty", bool),
    _input("hire_is_graduate", bool),
    _input("hire_graduation_date", "date"),
    _input("hire_unemployed_since_leaving_school", bool),
    _input("employer_si_contribution_monthly_fen", int),
]
# OpenFisca spells the date type as the `date` class.
import datetime as _dt  # noqa: E402
INPUTS[12].value_type = _dt.date


class bayannur_startup_hiring_eligible(Variable):
    value_type = bool
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return ((case("region", period) == Region.bayannur) * (case("role", period) == Role.startup)
                * (case("insured_employees", period) >= 3) * (case("insured_months", period) >= 12))


class bayannur_startup_hiring(Variable):
    value_type = int
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return case("bayannur_startup_hiring_eligible", period) * parameters(period).bayannur.startup_subsidy


class bayannur_startup_sustained_eligible(Variable):
    value_type = bool
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return (case("bayannur_startup_hiring_eligible", period) * (case("years_operating", period) >= 3)
                * case("headcount_not_decreased", period))


class bayannur_startup_sustained(Variable):
    value_type = int
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return case("bayannur_startup_sustained_eligible", period) * parameters(period).bayannur.startup_subsidy


class bayannur_internship_eligible(Variable):
    value_type = bool
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return ((case("region", period) == Region.bayannur) * (case("role", period) == Role.employer)
                * (case("interns", period) > 0))


class bayannur_internship(Variable):
    value_type = int
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        p = parameters(period).bayannur
        wage = int(p.im_min_wage_class1)
        per_intern = wage * int(p.internship_rate_percent) // 100
        return case("bayannur_internship_eligible", period) * per_intern * case("interns", period)


class bayannur_internship_retention_eligible(Variable):
    value_type = bool
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        interns = case("interns", period)
        return case("bayannur_internship_eligible", period) * (case("interns_retained", period) * 2 >= interns)


class bayannur_internship_retention(Variable):
    value_type = int
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        wage = int(parameters(period).bayannur.im_min_wage_class1)
        return case("bayannur_internship_retention_eligible", period) * wage * case("interns", period)


def _add_years(dates, years):
    """add_years with the 29th of February clamped to the 28th (as the core)."""
    month_start = dates.astype("datetime64[M]")
    day = (dates - month_start.astype("datetime64[D]")).astype(int) + 1
    target = month_start + 12 * years
    days_in_month = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int)
    return target.astype("datetime64[D]") + (np.minimum(day, days_in_month) - 1)


class chengyang_hiring_si_eligible(Variable):
    value_type = bool
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        as_of = np.datetime64(str(period.start), "D")
        grad = case("hire_graduation_date", period)
        is_grad = case("hire_is_graduate", period)
        graduating_year = is_grad * (grad.astype("datetime64[Y]") == as_of.astype("datetime64[Y]"))
        recent = (is_grad * (grad <= as_of) * (as_of < _add_years(grad, 2))
                  * case("hire_unemployed_since_leaving_school", period))
        size = case("enterprise_size", period)
        small_or_micro = (size == EnterpriseSize.micro) + (size == EnterpriseSize.small)
        return ((case("region", period) == Region.qingdao_chengyang) * (case("role", period) == Role.employer)
                * (case("employer_type", period) != EmployerType.public_institution)
                * (case("hire_employment_difficulty", period) + small_or_micro * (graduating_year + recent))
                * (parameters(period).qingdao_chengyang.si_subsidy_from == 1))


class chengyang_hiring_si(Variable):
    value_type = int
    entity = Case
    definition_period = MONTH

    def formula(case, period, parameters):
        return case("chengyang_hiring_si_eligible", period) * case("employer_si_contribution_monthly_fen", period)


OUTPUTS = [
    ("bayannur_startup_hiring", "bayannur_startup_hiring_eligible"),
    ("bayannur_startup_sustained", "bayannur_startup_sustained_eligible"),
    ("bayannur_internship", "bayannur_internship_eligible"),
    ("bayannur_internship_retention", "bayannur_internship_retention_eligible"),
    ("chengyang_hiring_si", "chengyang_hiring_si_eligible"),
]


class CountryTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Case])
        for v in INPUTS:
            self.add_variable(v)
        for v in (bayannur_startup_hiring_eligible, bayannur_startup_hiring, bayannur_startup_sustained_eligible,
                  bayannur_startup_sustained, bayannur_internship_eligible, bayannur_internship,
                  bayannur_internship_retention_eligible, bayannur_internship_retention,
                  chengyang_hiring_si_eligible, chengyang_hiring_si):
            self.add_variable(v)
        self.load_parameters(os.path.join(os.path.dirname(__file__), "parameters"))
