package dev.hackathon.infra.cli;
public class Main { public static void main(String[] a) { } }
