package dev.portcullis.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finds the route of a call: reverse by longest prefix, forward by the first host/port match. */
public final class RouteTable {
    private final List<Route> reverse;
    private final List<Route> forward;

    public RouteTable(List<Route> routes) {
        List<Route> r = new ArrayList<>();
        List<Route> f = new ArrayList<>();
        for (Route route : routes) {
            (route.kind() == Route.Kind.REVERSE ? r : f).add(route);
        }
        r.sort(Comparator.comparingInt((Route x) -> x.prefix().length()).reversed());
        this.reverse = List.copyOf(r);
        this.forward = List.copyOf(f);
    }

    /** The reverse route with the longest prefix holding path, or null. */
    public Route reverse(String path) {
        for (Route route : reverse) {
            if (route.matchesPrefix(path)) {
                return route;
            }
        }
        return null;
    }

    /** Every forward route whose hosts and ports match, in config order. */
    public List<Route> forward(String host, int port) {
        List<Route> out = new ArrayList<>(2);
        for (Route route : forward) {
            if (route.matchesHost(host, port)) {
                out.add(route);
            }
        }
        return out;
    }

    public List<Route> all() {
        List<Route> all = new ArrayList<>(reverse);
        all.addAll(forward);
        return all;
    }
}
