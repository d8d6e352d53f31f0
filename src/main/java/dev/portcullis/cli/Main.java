package dev.portcullis.cli;
public final class Main { public static void main(String[] a) {} }
