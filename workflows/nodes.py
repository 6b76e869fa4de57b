"""Node types viewflow 2.4 lacks. Split.Next(data_source=...) is documented but not implemented upstream:
FanOutSplit expands a data source into one task per item (task.data carries the item)."""

from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import Split
from viewflow.workflow.nodes.split import SplitActivation


class FanOutSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, cond, data_source in self.flow_task._branches:
            if cond and not cond(self):
                continue
            if data_source is None:
                self.next_tasks.append((node, None))
            else:
                self.next_tasks.extend((node, dict(item)) for item in data_source(self))
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class FanOutSplit(Split):
    """Parallel split; a branch with `data_source` becomes one task per item (zero items: no task)."""

    activation_class = FanOutSplitActivation

    def Next(self, node, case=None, data_source=None):  # noqa: N802 (viewflow's fluent API)
        self._activate_next.append((node, case, data_source))
        return self
