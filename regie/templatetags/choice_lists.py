"""A field with several choices as a list of checkboxes (templates/_choice_checkboxes.html): a phone has no Ctrl
key to pick several options of a list box. Grouped where the field's choices are, with a search box (added by
static/js/site.js) when the list is longer than fits on a phone's screen."""
from dataclasses import dataclass

from django import template

register = template.Library()

SEARCHABLE_ABOVE = 10  # options; a longer list gets a search box


@dataclass
class ChoiceGroup:
    label: str | None  # None: options outside any group
    options: list  # Django's option dicts: name, value, label, selected, attrs (with the id)


@dataclass
class ChoiceList:
    groups: list
    total: int
    chosen: int

    @property
    def searchable(self):
        return self.total > SEARCHABLE_ABOVE


@register.simple_tag
def choice_list(field):
    """The options of a bound field, in groups, with how many there are and how many are ticked."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
    groups = []
    for label, options, _index in widget.optgroups(field.html_name, widget.format_value(field.value()), attrs):
        if label is None and groups and groups[-1].label is None:
            groups[-1].options.extend(options)  # Django makes a group of each option outside a group
        else:
            groups.append(ChoiceGroup(label, list(options)))
    options = [option for group in groups for option in group.options]
    return ChoiceList(groups, len(options), sum(option["selected"] for option in options))
