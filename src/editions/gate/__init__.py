"""The checks on a language's input (the publishing gate), typography, spelling, numbers
written as words."""
