"""One environment's operations, in one object a front end holds (DESIGN.md, "desk").

A thin facade: each operation lives in its own module — lookup.py, consume.py and
acknowledge.py on the one path of a write (writing.py: check → act, the dry run), with
resolving.py and worklist.py on top — and the guards' order in guards.py. Both front ends
call these and nothing below them, so the console behaves exactly like the command line and
both record the same history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from console.history import Action
from console.payments import PreparedRequest, Timeouts
from console.settings.environments import Environment
from console.settings.keys import KeyResolver

from . import lookup
from .connection import Connection
from .context import DeskContext
from .off_loop import IN_THREADS, OffLoop
from .outcomes import LookupOutcome
from .query_input import QueryInput, read_query
from .recording import Recorder

TYPE_CHECKING = False  # write_ahead.py loads with the first consume: a lookup never needs it
if TYPE_CHECKING:
    from console.payments import AcknowledgeDeadline

    from .write_ahead import WriteAhead
    from .write_operation import WriteOperation
    from .write_outcomes import (
        AcknowledgeOutcome,
        AcknowledgePlan,
        ConsumeOutcome,
        ConsumePlan,
        Refusal,
        WritePlan,
    )


class Desk:
    """Lookups and consumes against one environment.

    Every write goes through `write_ahead`: without a history that takes its entry first, a
    consume is refused. A desk made without one (tests, benchmarks) can look up, not consume.
    """

    def __init__(
        self,
        environment: Environment,
        *,
        keys: KeyResolver | None = None,
        timeouts: Timeouts | None = None,
        recorder: Recorder | None = None,
        write_ahead: WriteAhead | Callable[[], WriteAhead] | None = None,
        config_path: Path | None = None,
        off_loop: OffLoop = IN_THREADS,
    ) -> None:
        """`write_ahead`: the gate, or what gives it on first use (a workspace shares one
        among its desks and makes it only when a consume needs it); by default the desk makes
        its own from `recorder`. `config_path`: where a verify path's spelling that worked is
        remembered. `off_loop`: where its blocking work runs (off_loop.py; inline for a
        one-shot command, see `Workspace.open`)."""
        keys = keys or KeyResolver()
        self._write_ahead = write_ahead
        self._context = DeskContext(
            environment=environment,
            connection=Connection(environment, keys, timeouts or Timeouts(), off_loop=off_loop),
            keys=keys,
            recorder=recorder,
            write_ahead_source=self._gate,
            config_path=config_path,
        )

    def _gate(self) -> WriteAhead:
        given = self._write_ahead
        if callable(given):
            return given()
        if given is None:
            from .write_ahead import WriteAhead  # with the first consume, not a lookup

            recorder = self._context.recorder
            given = self._write_ahead = WriteAhead(
                recorder.history if recorder else None,
                recorder.operator if recorder else "",
                warnings=recorder.warnings if recorder else None,
            )
        return given

    @property
    def environment(self) -> Environment:
        return self._context.environment

    @property
    def recorder(self) -> Recorder | None:
        return self._context.recorder

    @property
    def write_ahead(self) -> WriteAhead:
        return self._context.write_ahead

    @property
    def host(self) -> str:
        return self._context.host

    @property
    def deadline_s(self) -> float:
        """The total deadline of one request here (this environment's timeouts)."""
        return self._context.deadline_s

    # --- what is looked up ----------------------------------------------------------------

    def read_query(
        self,
        token: str,
        *,
        store: str | None = None,
        product_id: str | None = None,
        currency: str | None = None,
    ) -> QueryInput:
        """What a person typed, as this environment reads it (a blank store is its default
        store): the query, or the typed reason it is none. Pass either to an operation."""
        return read_query(
            token,
            store=store,
            product_id=product_id,
            currency=currency,
            default_store=self.environment.default_store,
        )

    # --- the operations -------------------------------------------------------------------

    async def lookup(
        self,
        query: QueryInput,
        *,
        note: str | None = None,
        action: Action = Action.VERIFY,
        record: bool = True,
    ) -> LookupOutcome:
        """Verify a purchase and decode it; every failure comes back explained, never raised
        (lookup.py). `record` False leaves it to the caller to put on record (a proof)."""
        return await lookup.look_up(self._context, query, action=action, note=note, record=record)

    async def check_consume(
        self,
        query: QueryInput,
        *,
        developer_payload: str | None = None,
        force: bool = False,
        note: str | None = None,
    ) -> ConsumePlan:
        """Apply every guard and verify first; sends no consume (consume.py)."""
        from . import consume  # its guards load with the first consume, not a lookup

        return await consume.check(
            self._context, query, developer_payload=developer_payload, force=force, note=note
        )

    async def dry_run_consume(
        self, query: QueryInput, *, developer_payload: str | None = None
    ) -> ConsumePlan:
        """The consume request as it would be sent; sends nothing, not even the verify."""
        from . import consume  # its guards load with the first consume, not a lookup

        return await consume.dry_run(self._context, query, developer_payload=developer_payload)

    async def consume(self, plan: ConsumePlan, *, note: str | None = None) -> ConsumeOutcome:
        """Send the consume a plan allows, once, written ahead; then verify (consume.py)."""
        from . import consume  # its guards load with the first consume, not a lookup

        return await consume.consume(self._context, plan, note=note)

    async def check_acknowledge(
        self,
        query: QueryInput,
        *,
        force: bool = False,
        note: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> AcknowledgePlan:
        """Apply every guard of an acknowledge, verifying first and judging the 3-day
        deadline as of `clock()` (default: now, UTC); sends nothing (acknowledge.py)."""
        from . import acknowledge, writing

        return await acknowledge.check(
            self._context, query, force=force, note=note, clock=clock or writing.utc_now
        )

    async def dry_run_acknowledge(self, query: QueryInput) -> AcknowledgePlan:
        """The acknowledge request as it would be sent; sends nothing, not even the verify."""
        from . import acknowledge

        return await acknowledge.dry_run(self._context, query)

    async def acknowledge(
        self, plan: AcknowledgePlan, *, note: str | None = None
    ) -> AcknowledgeOutcome:
        """Send the acknowledge a plan allows, once, written ahead (acknowledge.py)."""
        from . import acknowledge

        return await acknowledge.acknowledge(self._context, plan, note=note)

    async def record_cancelled(self, plan: WritePlan, *, note: str | None = None) -> None:
        """Put on record that the operator declined this write (consume or acknowledge) at
        the confirmation: nothing was sent. One entry, its target, outcome `cancelled`."""
        from . import writing

        await writing.record_cancelled(self._context, plan, note=note)

    async def record_refused(
        self,
        query: QueryInput | None,
        refusal: Refusal,
        *,
        lookup: LookupOutcome | None = None,
        note: str | None = None,
        operation: WriteOperation | None = None,
        deadline: AcknowledgeDeadline | None = None,
    ) -> None:
        """Put on record a write (by default a consume) the front end refused itself, before
        asking the desk (its form's verdict on the purchase on screen, `preview_consume`, or
        no terminal to confirm on): one entry with the target (`query`, or the input as
        typed) and the guard (`refusal.reason`)."""
        from . import writing
        from .write_operation import CONSUME

        await writing.record_refused(
            self._context,
            operation or CONSUME,
            query,
            refusal,
            lookup=lookup,
            note=note,
            deadline=deadline,
        )

    # --- what a front end shows about requests --------------------------------------------

    @property
    def key_variable(self) -> str:
        """The variable a curl line reads the key from (and the CLI reads it from)."""
        return self._context.keys.variable_for(self.environment)

    def curl_for(self, request: PreparedRequest) -> str:
        """A copy-pasteable curl line with the key replaced by its variable's name."""
        from console.payments import curl_line

        return curl_line(request, self._context.keys.variable_for(self.environment))

    # --- lifetime -------------------------------------------------------------------------

    async def aclose(self) -> None:
        await self._context.connection.aclose()

    async def __aenter__(self) -> Desk:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
