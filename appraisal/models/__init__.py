from .org import ActingAssignment, Employee, EmploymentType, Grade, HrScope, Position, PositionKind, Unit, UnitKind

__all__ = [
    "ActingAssignment",
    "Employee",
    "EmploymentType",
    "Grade",
    "HrScope",
    "Position",
    "PositionKind",
    "Unit",
    "UnitKind",
]
