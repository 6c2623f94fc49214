"""Ports for child processes come from below the kernel's ephemeral range, where no outgoing
connection can take them before the child binds."""

import random
import socket

from services.runtime.ports import ephemeral_low, free_port, port_free


def test_free_ports_lie_below_the_ephemeral_range_and_are_free():
    rng = random.Random(7)
    ports = [free_port(rng) for _ in range(20)]
    assert all(1024 <= port < ephemeral_low() for port in ports)
    assert all(port_free(port) for port in ports)


def test_a_port_held_by_an_outgoing_connection_is_not_free():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
            assert not port_free(client.getsockname()[1])
            assert not port_free(server.getsockname()[1])


def test_a_taken_candidate_is_skipped():
    first = free_port(random.Random(1))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", first))
        holder.listen()
        assert free_port(random.Random(1)) != first
