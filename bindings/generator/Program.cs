using System;
using System.IO;
using System.Linq;
using FuseCanon.BindGen;

// FuseCanon.BindGen: C header -> C# interop.
//
//   dotnet run --project bindings/generator -- --header include/fusecanon.h \
//       --out bindings/csharp/FuseCanon.Interop/FuseCanonNative.g.cs
//   dotnet run --project bindings/generator -- --lang rust --header include/fusecanon.h \
//       --out bindings/rust/fusecanon-sys/src/bindings.rs
//
// Options: --lang csharp|rust (default csharp), --namespace NS, --class NAME, --library NAME (the
// LibraryImport name; C# only), --clang PATH,
// --check (compare with --out instead of writing it; exit 1 if it differs).

string? header = null, output = null, ns = null, cls = null, lib = null, clang = null;
bool check = false;
var language = OutputLanguage.CSharp;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
    switch (args[i])
    {
        case "--header": header = Next(); break;
        case "--out": output = Next(); break;
        case "--namespace": ns = Next(); break;
        case "--class": cls = Next(); break;
        case "--library": lib = Next(); break;
        case "--clang": clang = Next(); break;
        case "--check": check = true; break;
        case "--lang":
            string lang = Next();
            language = lang switch
            {
                "csharp" or "cs" => OutputLanguage.CSharp,
                "rust" or "rs" => OutputLanguage.Rust,
                _ => throw new ArgumentException("--lang must be csharp or rust, not " + lang),
            };
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            Console.Error.WriteLine("usage: FuseCanon.BindGen [--lang csharp|rust] --header H --out F [--namespace NS] [--class C] [--library L] [--clang PATH] [--check]");
            return 2;
    }
}
if (header == null || output == null)
{
    Console.Error.WriteLine("usage: FuseCanon.BindGen [--lang csharp|rust] --header H --out F [--namespace NS] [--class C] [--library L] [--clang PATH] [--check]");
    return 2;
}

var options = new GeneratorOptions
{
    HeaderPath = header,
    OutputPath = output,
    Namespace = ns ?? GeneratorOptions.DefaultNamespace,
    ClassName = cls ?? GeneratorOptions.DefaultClassName,
    LibraryName = lib ?? GeneratorOptions.DefaultLibraryName,
    ClangPath = clang,
    Language = language,
};
byte[] bytes = BindingGenerator.GenerateBytes(options);
if (check)
{
    bool same = File.Exists(output) && File.ReadAllBytes(output).SequenceEqual(bytes);
    Console.WriteLine(same ? $"{output} is up to date" : $"{output} is out of date; regenerate: {options.RegenerateCommand}");
    return same ? 0 : 1;
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllBytes(output, bytes);
Console.WriteLine($"wrote {output}");
return 0;
